"""Reports in the GUI: preview, printing, saving and batch export of PDF documents."""
