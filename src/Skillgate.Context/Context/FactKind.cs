namespace Skillgate.Context;

/// <summary>What a ledger fact records.</summary>
public enum FactKind
{
    /// <summary>A person, organisation, product or place.</summary>
    Name = 0,

    /// <summary>An amount, quantity, date or other number.</summary>
    Number = 1,

    /// <summary>An identifier: order or ticket id, email, URL, file path, code symbol.</summary>
    Identifier = 2,

    /// <summary>Something decided or agreed.</summary>
    Decision = 3,

    /// <summary>Something still to do.</summary>
    OpenTask = 4,
}
