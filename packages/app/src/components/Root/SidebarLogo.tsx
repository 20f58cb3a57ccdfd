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

import {
  Link,
  sidebarConfig,
  useSidebarOpenState,
} from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import { configApiRef, useApi } from '@backstage/core-plugin-api';

const useStyles = makeStyles({
  root: {
    width: sidebarConfig.drawerWidthClosed,
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    flexFlow: 'row nowrap',
    alignItems: 'center',
    marginBottom: -14,
  },
  link: {
    marginLeft: 24,
    color: '#fff',
    whiteSpace: 'nowrap',
  },
});

/** The app's title (app.title) as the sidebar logo; its first word when the sidebar is closed. */
export const SidebarLogo = () => {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  const title =
    useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage';
  return (
    <div className={classes.root}>
      <Link to="/" underline="none" className={classes.link}>
        <Typography variant="h6" component="span">
          {isOpen ? title : title.split(' ')[0]}
        </Typography>
      </Link>
    </div>
  );
};
