using Azure.Core;
using Azure.Core.Pipeline;

namespace Dunning.Sms;

/// <summary>
/// Bearer tokens for an emulator on plain-http loopback, where Azure.Core's BearerTokenAuthenticationPolicy
/// refuses to run. Real endpoints are https and always get the SDK's policy; this one never leaves the machine.
/// </summary>
internal sealed class LoopbackBearerTokenPolicy(TokenCredential credential, string scope) : HttpPipelinePolicy
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private AccessToken token;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The SMS client is async-only.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!message.Request.Uri.ToUri().IsLoopback)
        {
            throw new InvalidOperationException("Bearer tokens over plain http are allowed only on loopback.");
        }

        await gate.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        try
        {
            if (token.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            {
                token = await credential.GetTokenAsync(new TokenRequestContext([scope]), message.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }

        message.Request.Headers.SetValue("Authorization", "Bearer " + token.Token);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }
}
