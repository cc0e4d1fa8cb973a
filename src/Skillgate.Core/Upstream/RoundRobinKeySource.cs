using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Skillgate.Upstream;

/// <summary>
/// The built-in key source: round robin over the configured keys, skipping keys that cool down after a 429 and
/// keys taken out of service after a 401/403. Waits while every usable key cools down. A pinned call
/// (<see cref="UpstreamRequest.KeyFingerprint"/>) gets only its key and waits for that key's cooldown; an unmetered
/// call ignores the cooldowns (they are the Messages limits') and its 429s set none.
/// </summary>
internal sealed partial class RoundRobinKeySource : IUpstreamKeySource
{
    private readonly string _upstream;
    private readonly KeyState[] _keys;
    private readonly TimeSpan _defaultCooldown;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly UpstreamMetrics? _metrics;
    private int _next = -1;

    public RoundRobinKeySource(
        string upstream,
        IReadOnlyList<(string Id, UpstreamSecret Secret)> keys,
        TimeSpan defaultCooldown,
        TimeProvider timeProvider,
        ILogger? logger = null,
        UpstreamMetrics? metrics = null)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is required.", nameof(keys));
        }

        _upstream = upstream;
        _keys = [.. keys.Select(k => new KeyState(k.Id, k.Secret))];
        _defaultCooldown = defaultCooldown;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>Keys still in service.</summary>
    public int InService => _keys.Count(k => !k.OutOfService);

    public async ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
    {
        var pinned = request.KeyFingerprint;
        if (pinned is not null && !Array.Exists(_keys, k => string.Equals(k.Secret.Fingerprint, pinned, StringComparison.Ordinal)))
        {
            throw new UpstreamException(UpstreamErrorKind.NoKeyAvailable, 500, "api_error", $"Upstream '{_upstream}' has no key with fingerprint '{pinned}'.")
            {
                Attempts = request.Attempt,
            };
        }

        var metered = request.Metered;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = _timeProvider.GetTimestamp();
            var earliest = long.MaxValue;
            var start = Interlocked.Increment(ref _next);
            for (var i = 0; i < _keys.Length; i++)
            {
                var key = _keys[(int)((uint)(start + i) % (uint)_keys.Length)];
                if (key.OutOfService || (pinned is not null && !string.Equals(key.Secret.Fingerprint, pinned, StringComparison.Ordinal)))
                {
                    continue;
                }

                // The cooldown after a 429 is the Messages limits'; unmetered endpoints are limited separately.
                var until = metered ? Volatile.Read(ref key.CooldownUntil) : now;
                if (until <= now)
                {
                    return new Lease(this, key, metered);
                }

                earliest = Math.Min(earliest, until);
            }

            if (earliest == long.MaxValue)
            {
                var message = pinned is null
                    ? $"Upstream '{_upstream}' has no key in service."
                    : $"Upstream '{_upstream}': the key with fingerprint '{pinned}' is out of service.";
                throw new UpstreamException(UpstreamErrorKind.NoKeyAvailable, 500, "api_error", message) { Attempts = request.Attempt };
            }

            var wait = _timeProvider.GetElapsedTime(now, earliest);
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnReport(KeyState key, bool metered, in UpstreamKeyOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case UpstreamKeyOutcomeKind.RateLimited when metered:
                var cooldown = outcome.RetryAfter ?? _defaultCooldown;
                var until = _timeProvider.GetTimestamp() + (long)(cooldown.TotalSeconds * _timeProvider.TimestampFrequency);
                Volatile.Write(ref key.CooldownUntil, until);
                _logger.KeyCoolingDown(_upstream, key.Id, cooldown.TotalMilliseconds);
                break;
            case UpstreamKeyOutcomeKind.Rejected when !key.OutOfService:
                key.OutOfService = true;
                _metrics?.KeyOutOfService(key.Id);
                _logger.KeyOutOfService(_upstream, key.Id, outcome.StatusCode);
                break;
        }
    }

    private sealed class KeyState(string id, UpstreamSecret secret)
    {
        public long CooldownUntil;
        public volatile bool OutOfService;

        public string Id { get; } = id;

        public UpstreamSecret Secret { get; } = secret;
    }

    private sealed class Lease(RoundRobinKeySource owner, KeyState key, bool metered) : IUpstreamKeyLease
    {
        private int _reported;

        public string KeyId => key.Id;

        public UpstreamSecret Secret => key.Secret;

        public void Report(UpstreamKeyOutcome outcome)
        {
            if (Interlocked.Exchange(ref _reported, 1) == 0)
            {
                owner.OnReport(key, metered, outcome);
            }
        }

        public void Dispose() => Interlocked.Exchange(ref _reported, 1);
    }
}
