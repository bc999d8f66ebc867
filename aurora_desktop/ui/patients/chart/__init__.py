"""The patient chart window: header with flags and one tab per part of the chart."""
