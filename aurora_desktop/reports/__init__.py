"""PDF documents built with reportlab from service read models (no Qt)."""
