import { clientMaxApiVersion } from '../../client/engine-client.js';
import { TabWriter } from '../../format/tabwriter.js';
import { strataVersion } from '../../types/strata-version.js';
import type { CommandContext } from '../command.js';
import { compileUserTemplate } from '../user-template.js';

const goArch = (): string => (process.arch === 'x64' ? 'amd64' : process.arch);

/** `strata version [-f FORMAT]`: client and server versions, laid out as `docker version`. */
export async function run(ctx: CommandContext): Promise<number | void> {
  const client = ctx.client();
  const apiVersion = await client.apiVersion().catch(() => clientMaxApiVersion);
  const clientInfo = {
    Platform: { Name: 'Strata' },
    Version: strataVersion,
    ApiVersion: apiVersion,
    DefaultAPIVersion: clientMaxApiVersion,
    GoVersion: `node${process.versions.node}`,
    Os: 'linux',
    Arch: goArch(),
  };
  let server: Record<string, unknown> | undefined;
  let serverError: unknown;
  try {
    server = await client.version();
  } catch (err) {
    serverError = err;
  }
  const format = ctx.flags.string('format');
  if (format !== '') {
    ctx.out(`${(await compileUserTemplate(format))({ Client: clientInfo, Server: server ?? null })}\n`);
  } else {
    const tw = new TabWriter({ minwidth: 20, tabwidth: 1, padding: 1, padchar: ' ', flags: 0 });
    const downgraded = apiVersion !== clientMaxApiVersion ? ` (downgraded from ${clientMaxApiVersion})` : '';
    tw.write(
      `Client: Strata\n Version:\t${strataVersion}\n API version:\t${apiVersion}${downgraded}\n Node version:\t${process.version}\n OS/Arch:\tlinux/${goArch()}\n`,
    );
    if (server) {
      const comps =
        (server.Components as Array<{ Name: string; Version: string; Details?: Record<string, string> }>) ??
        [];
      tw.write(`\nServer: ${(server.Platform as { Name?: string } | undefined)?.Name ?? ''}\n`);
      for (const c of comps) {
        const d = c.Details ?? {};
        tw.write(` ${c.Name}:\n  Version:\t${c.Version}\n`);
        if (c.Name === 'Engine') {
          tw.write(
            `  API version:\t${d.ApiVersion} (minimum version ${d.MinAPIVersion})\n  Runtime:\t${d.GoVersion}\n  OS/Arch:\t${d.Os}/${d.Arch}\n  Experimental:\t${d.Experimental}\n`,
          );
        }
      }
    }
    tw.flush();
    ctx.out(tw.output());
  }
  if (serverError) throw serverError;
}
