"""The core: the method's vocabularies and rules, with no database and no terminal.

Everything here imports only the standard library, dateutil and other core modules.
"""
