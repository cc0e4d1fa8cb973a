using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>A text with its gold entities (UTF-16 offsets, end exclusive).</summary>
internal sealed record LabeledSample(string Id, string Lang, string Text, IReadOnlyList<RedactionEntity> Gold);
