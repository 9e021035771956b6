"""Qt widgets of Duty Console. They talk to the core only through its Qt objects and domain types."""
