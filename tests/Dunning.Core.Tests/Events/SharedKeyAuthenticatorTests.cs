using Dunning.Core.Events;

namespace Dunning.Core.Tests.Events;

public sealed class SharedKeyAuthenticatorTests
{
    private const string Key = "local-shared-key-0123456789";
    private readonly SharedKeyAuthenticator authenticator = new(Key);

    [Fact]
    public void Challenge_NoKey_Returns401()
    {
        var reply = authenticator.Challenge(new Dictionary<string, string>());

        Assert.Equal(401, reply?.StatusCode);
    }

    [Fact]
    public void Challenge_WrongKey_Returns401()
    {
        Assert.Equal(401, authenticator.Challenge(new Dictionary<string, string> { ["x-functions-key"] = Key + "x" })?.StatusCode);
        Assert.Equal(401, authenticator.Challenge(new Dictionary<string, string>(), new Dictionary<string, string> { ["code"] = "short" })?.StatusCode);
    }

    [Fact]
    public void Challenge_KeyInHeaderAnyCase_Passes() =>
        Assert.Null(authenticator.Challenge(new Dictionary<string, string> { ["X-Functions-Key"] = Key }));

    [Fact]
    public void Challenge_KeyInCodeQuery_Passes() =>
        Assert.Null(authenticator.Challenge(new Dictionary<string, string>(), new Dictionary<string, string> { ["code"] = Key }));

    [Fact]
    public void Constructor_EmptyKey_Throws() => Assert.Throws<ArgumentException>(() => new SharedKeyAuthenticator(" "));
}
