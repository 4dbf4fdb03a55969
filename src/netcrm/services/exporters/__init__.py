"""Writers for `netcrm export`: one small module per format, each returning the file's text."""
