"""Reading the workbooks that localities send back: tolerant, and never writing."""
