// The seed's prose spells the route `/routers/explore`; it must open the same page.
import { registerExplorePage } from '../routes/explore-page';

registerExplorePage();
