"""Events to iCalendar bytes: a pure builder (domain in, bytes out)."""
