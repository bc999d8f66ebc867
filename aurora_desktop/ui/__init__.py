"""PySide6 screens: widgets call services and render read models; no rules, no SQL."""
