"""The domain: record kinds, vocabularies, validation, working days. No Qt, no ORM writes."""
