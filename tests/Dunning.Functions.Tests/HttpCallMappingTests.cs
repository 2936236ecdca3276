using System.Text;
using Dunning.Core;
using Microsoft.AspNetCore.Http;

namespace Dunning.Functions.Tests;

public class HttpCallMappingTests
{
    [Fact]
    public void ToHttpCall_RepeatedHeader_JoinsValuesAndLooksUpCaseInsensitively()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers.Append("X-Forwarded-For", "10.0.0.1");
        context.Request.Headers.Append("X-Forwarded-For", "10.0.0.2");

        var call = HttpCallMapping.ToHttpCall(context.Request);

        Assert.Equal("10.0.0.1,10.0.0.2", call.Headers["x-forwarded-for"]);
        Assert.Null(call.ContentLength);
    }

    [Fact]
    public void Query_RepeatedOrMissingParameter_TakesFirstOrNull()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?from=2026-01-01&from=2026-02-01&to=");

        Assert.Equal("2026-01-01", HttpCallMapping.Query(context.Request, "from"));
        Assert.Equal(string.Empty, HttpCallMapping.Query(context.Request, "to"));
        Assert.Null(HttpCallMapping.Query(context.Request, "status"));
    }

    [Fact]
    public async Task ToResult_JsonReply_WritesStatusHeadersAndUtf8JsonBody()
    {
        var reply = new HttpReply(202, """{"note":"已收到"}""", new Dictionary<string, string> { ["Retry-After"] = "5" });

        var response = await HttpResults.ExecuteAsync(HttpCallMapping.ToResult(reply));

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal("5", response.Headers["Retry-After"]);
        Assert.Equal("""{"note":"已收到"}""", response.Body);
    }

    [Fact]
    public async Task ToResult_NoBody_WritesStatusOnlyWithoutContentType()
    {
        var response = await HttpResults.ExecuteAsync(HttpCallMapping.ToResult(new HttpReply(204)));

        Assert.Equal(204, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Equal(0, Encoding.UTF8.GetByteCount(response.Body));
    }
}
