"""The Patients area: search page, New/Edit patient dialog and the patient chart."""
