"""Site engines. Only this package knows MkDocs and Material for MkDocs."""
