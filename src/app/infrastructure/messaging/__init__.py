"""Domain events on their way out and back in: the transactional outbox's
relay, the encoding of events as JSON payloads, and what consumers need
(incoming messages, de-duplication, bounded redelivery)."""
