using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class RetryClassifierTests
{
    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(529)]
    public void IsRetryableStatus_TransientStatus_True(int status) => Assert.True(RetryClassifier.IsRetryableStatus(status, null));

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    public void IsRetryableStatus_ClientError_FalseEvenWhenUpstreamSaysRetry(int status) =>
        Assert.False(RetryClassifier.IsRetryableStatus(status, shouldRetry: true));

    [Fact]
    public void IsRetryableStatus_ShouldRetryHeader_Overrides()
    {
        Assert.False(RetryClassifier.IsRetryableStatus(529, shouldRetry: false));
        Assert.True(RetryClassifier.IsRetryableStatus(422, shouldRetry: true));
        Assert.False(RetryClassifier.IsRetryableStatus(422, shouldRetry: null));
    }

    [Theory]
    [InlineData(UpstreamErrorKind.ConnectTimeout, true)]
    [InlineData(UpstreamErrorKind.FirstTokenTimeout, true)]
    [InlineData(UpstreamErrorKind.ConnectionFailed, true)]
    [InlineData(UpstreamErrorKind.ProtocolViolation, true)]
    [InlineData(UpstreamErrorKind.TotalTimeout, false)]
    [InlineData(UpstreamErrorKind.IdleTimeout, false)]
    [InlineData(UpstreamErrorKind.CircuitOpen, false)]
    public void IsRetryableKind_MatchesPolicy(UpstreamErrorKind kind, bool expected) => Assert.Equal(expected, RetryClassifier.IsRetryableKind(kind));
}
