import { invalidParameter } from '../errors/index.js';
import { goJsonKind, type GoJsonValue } from './go-json-decode.js';
import { bindGoStruct, type Bound, type GoStructSchema } from './go-json-bind.js';
import type { BackendNetworkCreate } from './network-backend.js';
import { toPlain } from './read-json-value.js';

/**
 * The network routes' request bodies as Go decodes them: field names matched case-insensitively,
 * unknown fields ignored, type errors in Go's words. Go names a nested field by its innermost struct
 * and its whole path (`IPAMConfig.IPAM.Config.Subnet`); 20.10 called the structs `types.*`.
 */

const createFields = (legacy: boolean): GoStructSchema['fields'] => ({
  Name: { kind: 'string' },
  CheckDuplicate: { kind: 'bool' },
  Driver: { kind: 'string' },
  Scope: { kind: 'string' },
  ...(legacy ? {} : { EnableIPv4: { kind: 'bool' as const } }),
  EnableIPv6: { kind: 'bool' },
  IPAM: { kind: 'object', goType: 'network.IPAM' },
  Internal: { kind: 'bool' },
  Attachable: { kind: 'bool' },
  Ingress: { kind: 'bool' },
  ConfigOnly: { kind: 'bool' },
  ConfigFrom: { kind: 'object', goType: 'network.ConfigReference' },
  Options: { kind: 'map[string]string' },
  Labels: { kind: 'map[string]string' },
});

export const createSchema = (legacy: boolean): GoStructSchema => ({
  typeName: legacy ? 'types.NetworkCreateRequest' : 'network.CreateRequest',
  fields: createFields(legacy),
});

export const connectSchema = (legacy: boolean): GoStructSchema => ({
  typeName: legacy ? 'types.NetworkConnect' : 'network.ConnectOptions',
  fields: {
    Container: { kind: 'string' },
    EndpointConfig: { kind: 'object', goType: 'network.EndpointSettings' },
  },
});

export const disconnectSchema = (legacy: boolean): GoStructSchema => ({
  typeName: legacy ? 'types.NetworkDisconnect' : 'network.DisconnectOptions',
  fields: { Container: { kind: 'string' }, Force: { kind: 'bool' } },
});

const ipamSchema: GoStructSchema = {
  typeName: 'network.IPAM',
  // Config, a list, is read apart (the binder knows no lists).
  fields: { Driver: { kind: 'string' }, Options: { kind: 'map[string]string' } },
};
const ipamConfigSchema: GoStructSchema = {
  typeName: 'network.IPAMConfig',
  fields: {
    Subnet: { kind: 'string' },
    IPRange: { kind: 'string' },
    Gateway: { kind: 'string' },
    AuxiliaryAddresses: { kind: 'map[string]string' },
  },
};
const configReferenceSchema: GoStructSchema = {
  typeName: 'network.ConfigReference',
  fields: { Network: { kind: 'string' } },
};

/** The create body (already bound at the top level) as the backend takes it. */
export function networkCreateRequest(
  body: Bound,
  options: { enableIPv4: boolean; legacy: boolean },
): BackendNetworkCreate {
  try {
    return createRequestOf(body, options);
  } catch (err) {
    // Docker 28's ReadJSON says where a decode error comes from; 20.10's decoder did not.
    if (options.legacy || !(err instanceof Error)) throw err;
    throw invalidParameter(`invalid JSON: ${err.message}`);
  }
}

function createRequestOf(body: Bound, options: { enableIPv4: boolean }): BackendNetworkCreate {
  const str = (k: string): string => (body[k] as string | undefined) ?? '';
  const bool = (k: string): boolean => (body[k] as boolean | undefined) ?? false;
  const map = (k: string): Record<string, string> | null =>
    (body[k] as Record<string, string> | null) ?? null;
  const optBool = (k: string): boolean | null => (body[k] as boolean | undefined) ?? null;
  const configFrom = body.ConfigFrom as GoJsonValue | undefined;
  const ipam = body.IPAM as GoJsonValue | undefined;
  return {
    name: str('Name'),
    driver: str('Driver'),
    scope: str('Scope'),
    enableIPv4: options.enableIPv4 ? optBool('EnableIPv4') : null,
    enableIPv6: optBool('EnableIPv6'),
    ipam: ipam === undefined || ipam === null ? null : decodeIpam(ipam),
    internal: bool('Internal'),
    attachable: bool('Attachable'),
    ingress: bool('Ingress'),
    configOnly: bool('ConfigOnly'),
    configFrom:
      configFrom === undefined || configFrom === null
        ? null
        : ((bindNested(configFrom, configReferenceSchema, 'ConfigFrom').Network as string | undefined) ?? ''),
    options: map('Options'),
    labels: map('Labels'),
  };
}

function decodeIpam(value: GoJsonValue): NonNullable<BackendNetworkCreate['ipam']> {
  const ipam = bindNested(value, ipamSchema, 'IPAM');
  const config = fieldValue(value, 'Config');
  let entries: NonNullable<NonNullable<BackendNetworkCreate['ipam']>['config']> | null = null;
  if (config !== undefined && config !== null) {
    if (!Array.isArray(config)) throw typeError(config, 'IPAM.IPAM.Config', '[]network.IPAMConfig');
    entries = config.map((item) => {
      if (item !== null && (typeof item !== 'object' || Array.isArray(item))) {
        throw typeError(item, 'IPAM.IPAM.Config', 'network.IPAMConfig');
      }
      const c = item === null ? {} : bindNested(item, ipamConfigSchema, 'IPAM.Config');
      return {
        subnet: (c.Subnet as string | undefined) ?? '',
        ipRange: (c.IPRange as string | undefined) ?? '',
        gateway: (c.Gateway as string | undefined) ?? '',
        auxAddresses: (c.AuxiliaryAddresses as Record<string, string> | null | undefined) ?? null,
      };
    });
  }
  return {
    driver: (ipam.Driver as string | undefined) ?? '',
    options: (ipam.Options as Record<string, string> | null | undefined) ?? null,
    config: entries,
  };
}

/**
 * Binds a nested struct (an object or null: the outer binder refused anything else), naming a type
 * error's field by its whole path as Go does.
 */
function bindNested(value: GoJsonValue, schema: GoStructSchema, path: string): Bound {
  const struct = schema.typeName.slice(schema.typeName.lastIndexOf('.') + 1);
  const bound = bindGoStruct(value, schema);
  if (bound.error !== undefined) {
    throw invalidParameter(
      bound.error.replace(`Go struct field ${struct}.`, `Go struct field ${struct}.${path}.`),
    );
  }
  return bound.out;
}

/** The value Go binds to field `name` of an object: keys match in any case, the last one wins. */
function fieldValue(value: GoJsonValue, name: string): GoJsonValue | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  let found: GoJsonValue | undefined;
  for (const [k, v] of value.entries) if (k.toLowerCase() === name.toLowerCase()) found = v;
  return found;
}

function typeError(value: GoJsonValue, field: string, goType: string): Error {
  return invalidParameter(
    `json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${field} of type ${goType}`,
  );
}

/** The connect body's EndpointConfig, as plain JSON for the container side. */
export function endpointConfigOf(body: Bound): Record<string, unknown> | null {
  const v = body.EndpointConfig as GoJsonValue | undefined;
  return v === undefined || v === null ? null : (toPlain(v) as Record<string, unknown>);
}
