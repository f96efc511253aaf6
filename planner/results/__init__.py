"""Plans as documents: the JSON schema, saved scenarios, their sources and comparison."""
