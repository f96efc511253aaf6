"""From requirements and catalog to a solved plan: venues, options, the solver problem."""
