"""Session-day services: checklist, administration, monitoring, discharge, sign-off, REMS forms."""
