/*
 * Copyright 2026 The AI Golden Path Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

export interface Config {
  aiGoldenPath?: {
    /**
     * Publishing generated projects as git repositories in a local directory, for trial use
     * without a git host. Leave unset in production: the action then refuses to run.
     */
    localPublish?: {
      /**
       * Directory that holds the published repositories, one sub-directory each. Relative
       * paths are resolved against the backend's working directory. The action refuses any
       * target outside it, and the catalog reads `file://` URLs only below it.
       * @visibility backend
       */
      rootDirectory: string;
      /**
       * Author of the initial commit.
       * @visibility backend
       */
      author?: {
        name?: string;
        email?: string;
      };
    };
  };
}
