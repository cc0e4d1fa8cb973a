using System.Diagnostics;
using System.Text;
using Spectre.Console;

namespace Skillgate.Cli.Tests.Commands.Chat;

/// <summary>A console output that records every write with the time it happened, so a test can see text arrive in pieces.</summary>
internal sealed class RecordingOutput : IAnsiConsoleOutput
{
    public RecordingOutput() => Writer = Recorder;

    public RecordingWriter Recorder { get; } = new();

    public TextWriter Writer { get; }

    public bool IsTerminal => false;

    public int Width => 240;

    public int Height => 40;

    public void SetEncoding(Encoding encoding)
    {
    }

    /// <summary>Thread-safe: the test reads while the command writes.</summary>
    internal sealed class RecordingWriter : TextWriter
    {
        private readonly Lock _lock = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TimeSpan At, string Text)> _writes = [];

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<(TimeSpan At, string Text)> Writes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _writes];
                }
            }
        }

        public string Text => string.Concat(Writes.Select(w => w.Text));

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            lock (_lock)
            {
                _writes.Add((_clock.Elapsed, value));
            }
        }
    }
}
