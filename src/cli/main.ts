export async function main(_args: string[]): Promise<void> {
  process.stdout.write('cli: not yet\n');
}
