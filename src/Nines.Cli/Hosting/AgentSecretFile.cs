using System.Security.Cryptography;

namespace Nines.Cli.Hosting;

/// <summary>
/// The shared secret the controller presents to every host agent (and the agents expect): one line in a file only its
/// owner may read, <c>DATA/agent.secret</c> by default. Whoever starts first on a machine (controller or agent)
/// creates it; on other machines copy it and pass <c>--secret-file</c>.
/// </summary>
internal static class AgentSecretFile
{
    public const string FileName = "agent.secret";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The secret in <paramref name="path"/>, created (32 random bytes, base64url) when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no secret.</exception>
    public static string Ensure(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            try
            {
                // CreateNew: of two processes starting at once, one writes and the other reads what it wrote.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = PrivateFile.Mode;
                }

                using var stream = new FileStream(path, options);
                using var writer = new StreamWriter(stream);
                writer.WriteLine(secret);
                return secret;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by the other process: read it below.
            }
        }

        var text = PrivateFile.TryRead(path)?.Trim();
        return string.IsNullOrEmpty(text) ? throw new InvalidDataException($"{path}: the agent secret file is empty") : text;
    }
}
