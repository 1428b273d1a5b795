"""Domain events: facts about something that happened, named in the past tense.

Use cases record them through the EventOutbox port in the unit of work that
made the change; subscribers elsewhere react to them after the commit.
"""
