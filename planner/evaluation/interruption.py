"""Spot capacity: the provider may take it back at any time, so it is interruptible, never
serves a critical workload, and is bought with an allowance for the share it loses.

Every face labels it with `INTERRUPTIBLE` (line items, plan JSON, exports, CLI, GUI); the
option compiler sizes it with `SPOT_CAPACITY_FACTOR`.
"""

SPOT_TERM = "spot"
"""The catalog's pricing term for capacity the provider may reclaim."""

INTERRUPTIBLE = "interruptible"
"""How every face labels spot capacity."""

SPOT_INTERRUPTION_ALLOWANCE_SHARE = 0.20
"""Share of spot capacity planned as lost to interruptions: 20 %, the lower edge of the
highest band of the AWS Spot Instance Advisor. The Advisor's "frequency of interruption"
is "the rate at which Spot has reclaimed capacity during the trailing month", given in the
bands < 5 %, 5–10 %, 10–15 %, 15–20 % and > 20 % per instance type and region
(https://aws.amazon.com/ec2/spot/instance-advisor/; band definitions as published with the
Advisor's data feed https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json, quoted
at https://pkg.go.dev/github.com/grailbio/base/cloud/spotadvisor, published 2024-03-07).
GPU instances are the volatile end: a 2026 reading of the Advisor found a GPU type
(g5.xlarge) "sometimes <5%, sometimes 15-20%" and the newest generations "often 20%+" for
their first months (https://cloudprice.app/blog/spot-instance-economics-when-interruption-fine,
read 2026-12-01). The catalog's spot offers are recent GPUs (A100, H100, H200, B200), so the
planner takes the top band's edge rather than a typical figure: an allowance, not a
forecast."""

SPOT_CAPACITY_FACTOR = 1.0 / (1.0 - SPOT_INTERRUPTION_ALLOWANCE_SHARE)
"""Spot capacity bought per unit of demand: enough that, with the allowance reclaimed, what
is left still carries the workload (1.25×)."""


def is_interruptible(pricing_term: str | None) -> bool:
    return pricing_term == SPOT_TERM
