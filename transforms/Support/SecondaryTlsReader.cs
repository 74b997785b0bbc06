using System.Net.Security;
using System.Text.Json;

namespace ScriptProxy.Transforms.Support;

/// <summary>
/// Reads the <c>tls</c> object of Tee's or DualWrite's second cluster. The host supplies it (see
/// <see cref="BuiltinContext.ReadSecondaryTls"/>) so the object has exactly the shape, defaults and error messages of
/// its own upstream TLS settings, and certificate files are loaded once, when the stage is built.
/// </summary>
/// <param name="tls">The <c>tls</c> value as written.</param>
/// <param name="key">Its JSON path, e.g. "stages[1].tls"; errors name keys under it.</param>
/// <param name="endpoint">The second cluster's "host:port" (its host is the default name the certificate must match).</param>
/// <returns>
/// Fresh client options for each new connection (an SslStream must not share them), or null when the object turns TLS off.
/// </returns>
/// <exception cref="TransformConfigException">The object or a file it names is invalid.</exception>
public delegate Func<SslClientAuthenticationOptions>? SecondaryTlsReader(JsonElement tls, string key, string endpoint);
