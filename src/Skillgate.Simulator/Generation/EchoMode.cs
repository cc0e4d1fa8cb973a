namespace Skillgate.Simulator.Generation;

/// <summary>What an <c>[[sim:echo]]</c> reply repeats.</summary>
internal enum EchoMode
{
    /// <summary>No echo: a generated reply.</summary>
    None,

    /// <summary><c>[[sim:echo]]</c>: the texts of the last user message.</summary>
    LastUserMessage,

    /// <summary><c>[[sim:echo=request]]</c>: the raw JSON of the whole request body.</summary>
    Request,
}
