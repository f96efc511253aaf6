"""How fast a model serves on an accelerator: the roofline model, its fitted efficiency
factors, per-pair estimates and fine-tuning GPU-hours."""
