import { registerExplorePage } from './explore-page';

registerExplorePage();
