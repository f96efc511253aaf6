"""Analyses built on repeated solves: stress tests of a plan against lease changes.

Each analysis re-plans many times from one plan, on a `concurrent.futures.Executor`
(executor.py: a local process pool, or a Dask cluster), and returns typed results that the
command line, the GUI and the exports read alike.
"""
