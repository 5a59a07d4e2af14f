"""Statistics and monitoring (issue 16, R-RPT-01..11): figures from the same definitions the lists use."""
