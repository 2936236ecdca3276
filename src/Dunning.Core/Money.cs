using System.Globalization;

namespace Dunning.Core;

/// <summary>An amount in one currency. Never a double: rounding a debt is a complaint waiting to happen.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Of(decimal amount, string currency) => new(amount, currency.ToUpperInvariant());

    public Money Minus(decimal amount) => this with { Amount = Amount - amount };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00} {Currency}");
}
