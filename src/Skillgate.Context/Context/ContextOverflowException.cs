namespace Skillgate.Context;

/// <summary>Even the smallest valid view (system, pinned documents, ledger and the latest turn) exceeds the budget.</summary>
public sealed class ContextOverflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContextOverflowException()
        : this("The conversation's latest turn does not fit the context budget.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ContextOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ContextOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the numbers.</summary>
    /// <param name="requiredTokens">Tokens of the smallest view.</param>
    /// <param name="budget">The budget.</param>
    public ContextOverflowException(int requiredTokens, int budget)
        : base($"The smallest view needs about {requiredTokens} input tokens; the budget is {budget}.")
    {
        RequiredTokens = requiredTokens;
        Budget = budget;
    }

    /// <summary>Tokens of the smallest view.</summary>
    public int RequiredTokens { get; }

    /// <summary>The budget.</summary>
    public int Budget { get; }
}
