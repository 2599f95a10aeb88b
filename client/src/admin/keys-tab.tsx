// The admin console's "API keys" tab: the deployment's keys (they belong to no user), in the account page's manager.
import { KeyManager } from "../api-keys/key-manager";
import { tt } from "./admin-i18n";
import { admin, adminError } from "./admin-state";

export function KeysTab() {
  return (
    <KeyManager holder={admin} title={tt("deploymentKeys")} why={tt("deploymentKeysWhy")} level={2} counted={false} explain={adminError} />
  );
}
