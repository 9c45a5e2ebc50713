"""Credit conversion between credit systems, through notional hours.

A calculation on the credit systems' hours per credit: nothing is written. The rounding rule is
stated with every result.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from frameworks.models import CreditSystem

ONE_DECIMAL = Decimal("0.1")


class CreditConversionError(ValueError):
    """Credits that cannot be converted; `field` names the argument at fault.

    `field` is "credits", "from_system" or "to_system", so forms and the API can attach the
    message to the right input.
    """

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CreditConversion:
    """Credits in one system expressed in another, as a range when hours per credit vary."""

    credits: Decimal
    from_system: str
    to_system: str
    low: Decimal
    high: Decimal
    hours_low: Decimal
    hours_high: Decimal
    provisional: bool
    rounding: str

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def convert_credits(
    *,
    credits: Decimal,
    from_system: str | CreditSystem,
    to_system: str | CreditSystem,
) -> CreditConversion:
    """Convert credits through notional hours.

    hours = credits x [from.min, from.max] hours per credit; target credits =
    [hours_low / to.max, hours_high / to.min]. Converting within one system keeps the credits.
    Every figure is rounded to 1 decimal place, half up. `provisional` is set when either system's
    hours per credit are provisional.
    """
    amount = _credits(credits)
    source, (source_min, source_max) = _convertible_system(from_system, "from_system")
    target, (target_min, target_max) = _convertible_system(to_system, "to_system")
    hours_low = amount * source_min
    hours_high = amount * source_max
    if source.pk == target.pk:
        low = high = amount
    else:
        low = hours_low / target_max
        high = hours_high / target_min
    return CreditConversion(
        credits=amount,
        from_system=source.code,
        to_system=target.code,
        low=_round(low),
        high=_round(high),
        hours_low=_round(hours_low),
        hours_high=_round(hours_high),
        provisional=source.is_provisional or target.is_provisional,
        rounding=_("Rounded to 1 decimal place, half up (4.25 becomes 4.3)."),
    )


def credit_equivalents(*, credits: Decimal, system: CreditSystem) -> list[CreditConversion]:
    """`credits` of `system` in every other credit system that states notional hours per credit,
    by code. Empty when `system` itself states none: nothing can be derived then."""
    if not system.has_notional_hours:
        return []
    others = CreditSystem.objects.exclude(pk=system.pk).filter(
        hours_per_credit_min__isnull=False, hours_per_credit_max__isnull=False
    )
    return [
        convert_credits(credits=credits, from_system=system, to_system=other)
        for other in others.order_by("code")
    ]


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _credits(value) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise CreditConversionError(_("Credits must be a number."), field="credits") from None
    if not amount.is_finite():
        raise CreditConversionError(_("Credits must be a number."), field="credits")
    if amount < 0:
        raise CreditConversionError(_("Credits cannot be negative."), field="credits")
    return amount


def _convertible_system(
    value: str | CreditSystem, field: str
) -> tuple[CreditSystem, tuple[Decimal, Decimal]]:
    """The credit system and its notional hours per credit (lowest, highest)."""
    system = value if isinstance(value, CreditSystem) else _system_by_code(str(value), field)
    lowest, highest = system.hours_per_credit_min, system.hours_per_credit_max
    if lowest is None or highest is None:
        raise CreditConversionError(
            _("%(code)s states no notional hours per credit, so its credits cannot be converted.")
            % {"code": system.code},
            field=field,
        )
    return system, (lowest, highest)


def _system_by_code(code: str, field: str) -> CreditSystem:
    system = CreditSystem.objects.filter(code=code.strip()).first()
    if system is None:
        raise CreditConversionError(
            _("There is no credit system with the code “%(code)s”.") % {"code": code.strip()},
            field=field,
        )
    return system
