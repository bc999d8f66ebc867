"""The schedule: day and week chair calendars, booking dialogs, session actions, roster."""
