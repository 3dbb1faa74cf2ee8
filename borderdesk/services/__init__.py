"""Services: one function per thing a user does. The CLI and the GUI call these, never the ORM."""
