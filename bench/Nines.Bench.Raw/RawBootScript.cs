using System.Globalization;
using System.Text;
using Nines.Images;

namespace Nines.Bench.Raw;

/// <summary>
/// Writes the raw half: a plain bash script that starts each guest with <c>qemu-system-x86_64 … &amp;</c>, keeps at most
/// the given number booting at once, and waits for the ready marker on each console log (no socat, no agent client).
/// It exits 0 when every guest is ready, 1 when a QEMU exited before its guest was ready, 2 on timeout. Every pid goes
/// to the pid file as soon as it is known, so the benchmark can clean up whatever happened.
/// </summary>
public static class RawBootScript
{
    /// <summary>The QEMU binary both halves run.</summary>
    public const string Program = "qemu-system-x86_64";

    public static string Write(IReadOnlyList<RawLaunch> launches, int concurrency, string pidFile, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(launches);
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"""
            #!/bin/bash
            # Written by a Nines benchmark: the same QEMU command lines as the driver, launched raw.
            set -u
            MARKER={Quote(GuestImage.ReadyMarker)}
            MAX={concurrency}
            COUNT={launches.Count}
            PIDFILE={Quote(pidFile)}
            DEADLINE=$((SECONDS + {(int)Math.Ceiling(timeout.TotalSeconds)}))
            LOGS=(
            """);
        script.Append('\n');
        foreach (var launch in launches)
        {
            script.Append("  ").Append(Quote(launch.ConsoleLogPath)).Append('\n');
        }

        script.Append(")\nPIDS=()\n\nlaunch() {\n  case \"$1\" in\n");
        for (var i = 0; i < launches.Count; i++)
        {
            var args = string.Join(' ', launches[i].Arguments.Select(Quote));
            var program = string.Join(' ', [.. launches[i].Prefix.Select(Quote), Program]);
            // A command line that daemonizes (-daemonize -pidfile F) returns once the guest is set up and the running
            // QEMU's pid is in F. Otherwise (the driver's: -sandbox spawn=deny forbids -daemonize's fork) the launch goes
            // to the background and $! is the pid.
            var pidFileIndex = launches[i].Arguments.ToList().IndexOf("-pidfile");
            var launch = pidFileIndex >= 0 && launches[i].Arguments.Contains("-daemonize")
                ? $"{program} {args} </dev/null >/dev/null 2>{Quote(launches[i].ConsoleLogPath + ".stderr")}; PIDS[$1]=$(cat {Quote(launches[i].Arguments[pidFileIndex + 1])} 2>/dev/null || echo 0)"
                : $"{program} {args} </dev/null >/dev/null 2>{Quote(launches[i].ConsoleLogPath + ".stderr")} & PIDS[$1]=$!";
            script.Append(CultureInfo.InvariantCulture, $"    {i}) {launch} ;;\n");
        }

        script.Append("""
              esac
              echo "${PIDS[$1]}" >> "$PIDFILE"
            }

            booting=()
            next=0
            while :; do
              still=()
              for j in "${booting[@]}"; do
                if grep -qs -- "$MARKER" "${LOGS[$j]}"; then continue; fi
                if ! kill -0 "${PIDS[$j]}" 2>/dev/null; then
                  echo "guest $j: qemu exited before the guest was ready: $(tail -c 600 "${LOGS[$j]}.stderr" 2>/dev/null)" >&2
                  exit 1
                fi
                still+=("$j")
              done
              booting=("${still[@]}")
              if [ "$next" -lt "$COUNT" ] && [ "${#booting[@]}" -lt "$MAX" ]; then
                launch "$next"
                booting+=("$next")
                next=$((next + 1))
                continue
              fi
              if [ "$next" -ge "$COUNT" ] && [ "${#booting[@]}" -eq 0 ]; then exit 0; fi
              if [ "$SECONDS" -ge "$DEADLINE" ]; then
                echo "timed out with ${#booting[@]} guest(s) still booting" >&2
                exit 2
              fi
              sleep 0.02
            done

            """);
        return script.ToString();
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
