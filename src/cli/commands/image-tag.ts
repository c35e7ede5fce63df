import { ImagesApi } from '../../client/images-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { fullName, parseAnyReference, parseNormalizedNamed, withDefaultTag } from '../image-reference.js';

/** `strata tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]` (docker/cli image/tag.go, client ImageTag). */
export async function run(ctx: CommandContext): Promise<void> {
  const [source = '', target = ''] = ctx.args;
  const parse = <T>(ref: string, fn: (s: string) => T): T => {
    try {
      return fn(ref);
    } catch (err) {
      throw new StatusError(
        `Error parsing reference: ${JSON.stringify(ref)} is not a valid repository/tag: ${(err as Error).message}`,
        1,
      );
    }
  };
  parse(source, parseAnyReference);
  const ref = parse(target, parseNormalizedNamed);
  if (ref.digest !== undefined) throw new StatusError('refusing to create a tag with a digest reference', 1);
  const tagged = withDefaultTag(ref);
  await new ImagesApi(ctx.client()).tag(source, fullName(tagged), tagged.tag ?? '');
}
