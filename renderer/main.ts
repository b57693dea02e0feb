import { mount } from 'svelte';
import App from './app/App.svelte';
import { chooseHost } from './app/choose-host.ts';
import './app/theme.css';

mount(App, { target: document.getElementById('app') as HTMLElement, props: { host: chooseHost() } });
