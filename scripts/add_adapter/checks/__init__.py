"""The checks behind `scripts/add-adapter check`: each module returns
readable problem messages, one per problem, and `runner` puts them in order."""
