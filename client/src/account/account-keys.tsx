// Signed in: the account's API keys for scripts, in the manager the admin console shares (client/src/api-keys/).
import { KeyManager } from "../api-keys/key-manager";
import { at } from "./account-i18n";
import { account, errorMessage } from "./account-state";

export function AccountKeys() {
  return <KeyManager holder={account} title={at("apiKeys")} why={at("apiKeysWhy")} level={3} counted explain={errorMessage} />;
}
