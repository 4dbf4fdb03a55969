"""All output, one module per theme: JSON on `--json`, Rich on a terminal, plain text piped.

`output` holds the shared pieces (JSON, lines, tables); `daily`, `contacts`, `commitments`,
`reports`, `transfer` and `safety` print their theme's results. The JSON shapes themselves are
declared once in `netcrm.services.shapes`, which the exporters use too.
"""
