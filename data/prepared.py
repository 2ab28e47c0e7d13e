"""Hot statements run on the DBAPI cursor of a SQLAlchemy connection, compiled once.

SQLAlchemy's execution layer (execution context, parameter and result processing, the
compiled cache's key) costs ~25 µs a statement, where the statement itself takes ~4 µs on
SQLite; a turn runs five or six. A `Prepared` statement is compiled by SQLAlchemy once per
dialect and set of parameter names, exactly as `Connection.execute` would compile it; its
parameters and results go through the same type processors (JSON, datetimes, booleans), and
it runs on the connection's own DBAPI connection, in the transaction already begun there (the
SQLite write gate of data/sqlite.py sees it, as it sees every cursor). Driver errors are
raised as SQLAlchemy's, as `Connection.execute` raises them.
"""

import weakref
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

Processor = Callable[[Any], Any]


class Unpreparable(ValueError):
    """A statement this fast path cannot run exactly as SQLAlchemy would: a programming error,
    refused when the statement is first compiled, not a missing feature."""


@dataclass(frozen=True)
class _Plan:
    """One compiled form: the SQL, how to lay out its parameters, how to read its rows."""

    sql: str
    # The parameters' names (in the SQL's order when positional), each with its processor.
    layout: tuple[tuple[str, Processor | None], ...]
    positional: bool
    fixed: dict[str, Any]  # parameters whose value the statement carries (`literal(1)`)
    row: Any  # a namedtuple class over the returned columns, or None
    results: tuple[Processor | None, ...]


def _constants_once(type_: Any, process: Processor | None) -> Processor | None:
    """A JSON column's processor that serialises None, [] and {} once, not per row.

    Three in four JSON values a turn binds are one of these (a message row's media, location
    and buttons); each `json.dumps` costs a few µs, about 4% of a turn.
    """
    if process is None or not isinstance(type_, JSON):
        return process
    none = process(None)
    empties: dict[type, Any] = {list: process([]), dict: process({})}

    def constant_or_serialised(value: Any) -> Any:
        if value is None:
            return none
        if not value and type(value) in empties:
            return empties[type(value)]
        return process(value)

    return constant_or_serialised


class Prepared:
    """A statement without post-compile parameters (no expanding IN), run with `run`."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        # Per dialect (an engine's, with its serialisers), then per parameter names.
        self._plans: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, ...], _Plan]] = (
            weakref.WeakKeyDictionary()
        )

    def _plan(self, dialect: Dialect, keys: tuple[str, ...]) -> _Plan:
        plans = self._plans.get(dialect)
        if plans is None:
            plans = self._plans[dialect] = {}
        elif (plan := plans.get(keys)) is not None:
            return plan
        # `Connection.execute` compiles with the sorted names of the first parameter set.
        compiled = self.statement.compile(dialect=dialect, column_keys=sorted(keys))
        assert isinstance(compiled, SQLCompiler)
        if compiled.insert_prefetch or compiled.update_prefetch or compiled.escaped_bind_names:
            raise Unpreparable("column defaults or escaped names: use Connection.execute")
        if any(bind.expanding or bind.callable for bind in compiled.binds.values()):
            raise Unpreparable("post-compile parameters: use Connection.execute")
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
        binds = {
            name: _constants_once(impl, impl.bind_processor(dialect))
            for name, bind in compiled.binds.items()
            for impl in (bind.type.dialect_impl(dialect),)
        }
        columns = list(getattr(self.statement, "exported_columns", ()))
        plan = _Plan(
            sql=compiled.string,
            layout=tuple((name, binds[name]) for name in names),
            positional=compiled.positional,
            fixed={name: b.value for name, b in compiled.binds.items() if not b.required},
            row=namedtuple("Row", [c.key for c in columns], rename=True) if columns else None,
            results=tuple(
                c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
            ),
        )
        plans[keys] = plan
        return plan

    def _parameters(self, plan: _Plan, given: Mapping[str, Any]) -> Any:
        values = {**plan.fixed, **given} if plan.fixed else given
        if plan.positional:
            return [p(values[name]) if p else values[name] for name, p in plan.layout]
        return {name: p(values[name]) if p else values[name] for name, p in plan.layout}

    def run(self, connection: Connection, parameters: Mapping[str, Any]) -> list[Any]:
        """Execute once: the rows, if the statement returns any."""
        plan = self._plan(connection.dialect, tuple(parameters))
        return self._execute(connection, plan, self._parameters(plan, parameters), many=False)

    def run_many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """An executemany: every row with the first one's parameter names."""
        plan = self._plan(connection.dialect, tuple(rows[0]))
        self._execute(connection, plan, [self._parameters(plan, row) for row in rows], many=True)

    @staticmethod
    def _execute(connection: Connection, plan: _Plan, sent: Any, many: bool) -> list[Any]:
        dialect = connection.dialect
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if many:
                cursor.executemany(plan.sql, sent)
                return []
            cursor.execute(plan.sql, sent)
            if plan.row is None:
                return []
            processors = plan.results
            return [
                plan.row(*(p(v) if p else v for p, v in zip(processors, raw, strict=True)))
                for raw in cursor.fetchall()
            ]
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, None, cursor)
            if lost:  # as `Connection.execute` does: the pool never hands it out again
                connection.invalidate(error)
            raise exc.DBAPIError.instance(
                plan.sql, sent, error, dialect.loaded_dbapi.Error,
                connection_invalidated=lost, dialect=dialect, ismulti=many,
            ) from error  # fmt: skip
        finally:
            cursor.close()
