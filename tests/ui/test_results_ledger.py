"""The results view's numbers reconcile as a buyer reads them: the line items' total row is
the Annual cost card, an owned server shows its list price and the capital outlay apart from
its annual cost (and the capital budget it uses), whole units read whole, venues by name,
tokens per second say what they count."""

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from planner.money import money_text
from planner.results.plan_document import PlanDocument, PlanResult, VenueKind, WorkloadKind
from tests.solved import NATION_CAPEX_BUDGET, SolvedBank
from ui.plan_table_models import SORT_ROLE
from ui.results_view import ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.solver]


def result_of(plan: PlanDocument) -> PlanResult:
    assert plan.result is not None
    return plan.result


@pytest.fixture
def view(qtbot: QtBot) -> ResultsView:
    widget = ResultsView()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def headers(model: object) -> list[str]:
    assert hasattr(model, "headerData") and hasattr(model, "columnCount")
    horizontal = Qt.Orientation.Horizontal
    return [model.headerData(c, horizontal) for c in range(model.columnCount())]


def total_row(view: ResultsView) -> dict[str, str]:
    """The last row of the line items table as the user sees it, by column header."""
    table = view.findChild(QTableView, "line-items-table")
    assert table is not None
    proxy = table.model()
    last = proxy.rowCount() - 1
    return {h: proxy.data(proxy.index(last, c)) for c, h in enumerate(headers(proxy))}


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_the_total_row_equals_the_annual_cost_card_and_stays_last(
    view: ResultsView, solved_bank: SolvedBank, order: Qt.SortOrder
) -> None:
    plan = solved_bank.plan
    view.show_plan(plan)
    currency = plan.header.currency
    table = view.findChild(QTableView, "line-items-table")
    assert table is not None
    annual = headers(view.line_items_model).index(f"annual {currency}")
    table.sortByColumn(annual, order)
    total = total_row(view)
    assert total["kind"] == "Total"
    card = view.cards["card-annual-cost"].value_label.text()
    assert f"{currency} {total[f'annual {currency}']}" == card
    assert card == money_text(result_of(plan).annual_cost, currency)
    capital = view.cards["card-capital"].value_label.text()  # the bank buys no servers
    assert capital == f"{currency} {total[f'capital outlay {currency}']}" == f"{currency} 0"
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    column = [proxy.data(proxy.index(r, annual), SORT_ROLE) for r in range(proxy.rowCount() - 1)]
    assert column == sorted(column, reverse=order is Qt.SortOrder.DescendingOrder)


def test_an_owned_server_shows_its_list_price_and_capital_outlay_apart_from_annual_cost(
    view: ResultsView, solved_nation: PlanDocument
) -> None:
    view.show_plan(solved_nation)
    result, currency = result_of(solved_nation), solved_nation.header.currency
    model = view.line_items_model
    names = headers(model)
    row = next(r for r, i in enumerate(result.line_items) if i.kind is VenueKind.OWNED)
    owned = result.line_items[row]
    assert owned.purchase_price is not None and owned.capital_outlay is not None

    def cell(header: str) -> str:
        return str(model.data(model.index(row, names.index(header))))

    assert cell("quantity") == f"{owned.quantity:,.0f}"  # "1", never "1.00"
    assert cell("unit") == ("server" if owned.quantity == 1 else "servers")
    assert cell(f"unit price {currency}") == f"{owned.purchase_price:,.0f}"
    assert cell("price per") == "server, one-off"
    assert cell(f"capital outlay {currency}") == f"{owned.capital_outlay:,.0f}"
    assert cell(f"annual {currency}") == f"{owned.annual_cost:,.0f}"
    assert owned.capital_outlay > owned.annual_cost  # paid once, recovered over years
    capital = result.capital
    assert capital is not None and capital.outlay == owned.capital_outlay
    card = view.cards["card-capital"]
    assert card.value_label.text() == money_text(capital.outlay, currency)
    assert card.value_label.text() == f"{currency} {total_row(view)[f'capital outlay {currency}']}"
    share = capital.outlay / NATION_CAPEX_BUDGET
    assert card.detail_label.text() == (
        f"{share:.1%} of the {money_text(NATION_CAPEX_BUDGET, currency)} capital budget"
    )
    tip = str(model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
    assert "list price" in tip and "paid once" in tip


def test_no_price_column_mixes_hours_and_years(view: ResultsView, solved_bank: SolvedBank) -> None:
    """Cloud lines kept all year and rented by the hour are both priced per instance-hour,
    and the price times the hours is the line's annual cost."""
    view.show_plan(solved_bank.plan)
    model, items = view.line_items_model, result_of(solved_bank.plan).line_items
    per = headers(model).index("price per")
    cloud = [(r, i) for r, i in enumerate(items) if i.kind is VenueKind.CLOUD]
    assert {i.unit for _, i in cloud} == {"instance-year", "instance-hour"}
    assert {model.data(model.index(r, per)) for r, _ in cloud} == {"instance-hour"}
    for _, item in cloud:
        assert item.unit_price is not None
        assert item.unit_price * item.price_quantity == pytest.approx(item.annual_cost)


def test_quantity_times_unit_price_as_shown_is_the_annual_cost_as_shown(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    """The walk-through's analyst multiplied the columns in Excel: "1 instance-year" at
    "0.990 per instance-hour" gave 0.99, not the EUR 8,672 beside it."""
    plan = solved_bank.plan
    view.show_plan(plan)
    model, items, c = view.line_items_model, result_of(plan).line_items, plan.header.currency
    names = headers(model)

    def shown(row: int, header: str) -> str:
        return str(model.data(model.index(row, names.index(header))))

    rented = [r for r, i in enumerate(items) if i.kind is not VenueKind.OWNED and i.annual_cost]
    assert rented
    for row in rented:
        quantity = float(shown(row, "quantity").replace(",", ""))
        price = float(shown(row, f"unit price {c}").replace(",", ""))
        annual = float(shown(row, f"annual {c}").replace(",", ""))
        assert quantity * price == pytest.approx(annual, rel=0.01, abs=1.0), shown(row, "item")
        if items[row].kind is VenueKind.CLOUD:
            assert shown(row, "unit").startswith("instance-hour")
            tip = str(model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
            assert "instance-hours)" in tip or items[row].unit == "instance-hour"


def test_allocations_name_their_venues_and_say_which_tokens_they_count(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    plan = solved_bank.plan
    view.show_plan(plan)
    model, result = view.allocations_model, result_of(plan)
    names = headers(model)
    assert "peak output tokens/s" in names and "peak input tokens/s" in names
    venues = [model.data(model.index(r, names.index("venue"))) for r in range(model.rowCount())]
    assert not any(v.startswith(("cloud:", "api:", "owned:")) for v in venues)
    embedding = {w.workload_id for w in result.workloads if w.kind is WorkloadKind.EMBEDDING}
    served = [
        r for r, a in enumerate(result.allocations) if a.workload_id in embedding and not a.standby
    ]
    assert served
    for r in served:
        output = model.data(model.index(r, names.index("peak output tokens/s")), SORT_ROLE)
        inputs = model.data(model.index(r, names.index("peak input tokens/s")), SORT_ROLE)
        assert inputs > 100 * output  # an embedding's work is its input


def test_a_standby_line_says_what_standby_means(view: ResultsView, solved_bank: SolvedBank) -> None:
    view.show_plan(solved_bank.plan)
    model, items = view.line_items_model, result_of(solved_bank.plan).line_items
    term = headers(model).index("term")
    standby = [r for r, i in enumerate(items) if i.term == "standby"]
    assert standby
    for r in standby:
        assert "backup" in model.data(model.index(r, term))


def test_a_plan_that_buys_nothing_says_so_on_the_capital_card(
    view: ResultsView, solved_bank: SolvedBank
) -> None:
    plan = solved_bank.plan
    view.show_plan(plan)
    assert not any(i.kind is VenueKind.OWNED for i in result_of(plan).line_items)
    budget = solved_bank.scenario.capex_budget
    assert budget is not None
    card = view.cards["card-capital"]
    assert card.value_label.text() == money_text(0, plan.header.currency)
    assert card.detail_label.text() == (
        f"no servers bought; capital budget {money_text(budget, plan.header.currency)}"
    )
