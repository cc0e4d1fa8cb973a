using System.Buffers;
using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Generation;

/// <summary>The text an <c>[[sim:echo]]</c> reply repeats. <see cref="EchoMode.LastUserMessage"/>: every
/// <c>text</c> string of the last user message's content (the content itself when it is a string, the
/// <c>text</c> of its blocks, also inside <c>tool_result</c> blocks), unescaped; <see cref="EchoMode.Request"/>:
/// the raw JSON of the whole body. Each piece loses its <c>[[sim:...]]</c> tags and the white space at its
/// ends; empty pieces are skipped, the rest are joined with a newline.</summary>
internal static class EchoText
{
    public static void Write(ReadOnlySpan<byte> body, MessageRequestInfo info, EchoMode mode, PooledBuffer output)
    {
        if (mode == EchoMode.Request)
        {
            AppendPiece(body, output);
            return;
        }

        if (mode != EchoMode.LastUserMessage || info.LastUserMessageOffset < 0)
        {
            return;
        }

        var reader = new Utf8JsonReader(body.Slice(info.LastUserMessageOffset, info.LastUserMessageLength));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                AppendString(ref reader, output);
            }
            else if (isContent && reader.TokenType == JsonTokenType.StartArray)
            {
                AppendTexts(ref reader, output);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // Walks the content array (any depth) and appends the value of every "text" property that is a string.
    private static void AppendTexts(ref Utf8JsonReader reader, PooledBuffer output)
    {
        var depth = reader.CurrentDepth;
        var afterText = false;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                afterText = reader.ValueTextEquals("text"u8);
                continue;
            }

            if (afterText && reader.TokenType == JsonTokenType.String)
            {
                AppendString(ref reader, output);
            }

            afterText = false;
        }
    }

    private static void AppendString(ref Utf8JsonReader reader, PooledBuffer output)
    {
        if (!reader.ValueIsEscaped)
        {
            AppendPiece(reader.ValueSpan, output);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var written = reader.CopyString(rented);
            AppendPiece(rented.AsSpan(0, written), output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void AppendPiece(ReadOnlySpan<byte> text, PooledBuffer output)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            var length = Directives.Strip(text, rented);
            var piece = rented.AsSpan(0, length).Trim(" \t\r\n"u8);
            if (piece.IsEmpty)
            {
                return;
            }

            if (output.Length > 0)
            {
                output.Write("\n"u8);
            }

            output.Write(piece);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
