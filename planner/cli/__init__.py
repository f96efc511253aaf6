"""`sovplan`: the command-line face of the planner; one module per subcommand."""
