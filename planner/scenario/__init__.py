"""Requirements: the scenario model, its TOML reader and field rules, the editable document."""
